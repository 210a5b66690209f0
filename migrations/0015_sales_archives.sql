CREATE TABLE `sales_archives` (
	`store_code` text NOT NULL,
	`month` text NOT NULL,
	`region_code` text NOT NULL,
	`object_key` text NOT NULL,
	`sales` integer NOT NULL,
	`lines` integer NOT NULL,
	`amount` integer NOT NULL,
	`archived_at` text NOT NULL,
	PRIMARY KEY(`store_code`, `month`)
);
