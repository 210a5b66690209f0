CREATE TABLE `report_links` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`report` text NOT NULL,
	`params` text NOT NULL,
	`format` text NOT NULL,
	`region_codes` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text,
	`revoked_at` text,
	`last_access_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_links_token_hash_unique` ON `report_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `report_links_created_by_idx` ON `report_links` (`created_by`);--> statement-breakpoint
CREATE TABLE `sales_monthly` (
	`store_code` text NOT NULL,
	`month` text NOT NULL,
	`region_code` text NOT NULL,
	`amount` integer NOT NULL,
	`qty` integer NOT NULL,
	`sales` integer NOT NULL,
	PRIMARY KEY(`store_code`, `month`)
);
--> statement-breakpoint
CREATE INDEX `sales_monthly_region_month_idx` ON `sales_monthly` (`region_code`,`month`);--> statement-breakpoint
-- Backfill: the monthly rollup of the days already rolled up.
INSERT INTO `sales_monthly` (`store_code`, `month`, `region_code`, `amount`, `qty`, `sales`)
SELECT `store_code`, `month`, MAX(`region_code`), SUM(`amount`), SUM(`qty`), SUM(`sales`) FROM `sales_daily` GROUP BY `store_code`, `month`;
