CREATE TABLE `pos_source_secrets` (
	`id` text PRIMARY KEY NOT NULL,
	`source_id` text NOT NULL,
	`secret` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text
);
--> statement-breakpoint
CREATE INDEX `pos_source_secrets_source_idx` ON `pos_source_secrets` (`source_id`);--> statement-breakpoint
CREATE TABLE `pos_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`vendor` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sale_lines` (
	`source_id` text NOT NULL,
	`sale_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`sku` text NOT NULL,
	`qty` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`amount` integer NOT NULL,
	`codes` text,
	PRIMARY KEY(`source_id`, `sale_id`, `line_no`)
);
--> statement-breakpoint
CREATE INDEX `sale_lines_sku_idx` ON `sale_lines` (`sku`);--> statement-breakpoint
CREATE TABLE `sales` (
	`source_id` text NOT NULL,
	`sale_id` text NOT NULL,
	`kind` text NOT NULL,
	`refund_of` text,
	`store_code` text,
	`store_vendor` text,
	`store_external_id` text,
	`occurred_at` text NOT NULL,
	`day` text NOT NULL,
	`iso_week` text NOT NULL,
	`currency` text NOT NULL,
	`region_code` text,
	`matched` integer NOT NULL,
	`webhook_id` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`source_id`, `sale_id`)
);
--> statement-breakpoint
CREATE INDEX `sales_store_day_idx` ON `sales` (`store_code`,`day`);--> statement-breakpoint
CREATE INDEX `sales_unmatched_idx` ON `sales` (`matched`,`store_code`);--> statement-breakpoint
CREATE TABLE `sales_daily` (
	`store_code` text NOT NULL,
	`day` text NOT NULL,
	`region_code` text NOT NULL,
	`month` text NOT NULL,
	`iso_week` text NOT NULL,
	`amount` integer NOT NULL,
	`qty` integer NOT NULL,
	`sales` integer NOT NULL,
	PRIMARY KEY(`store_code`, `day`)
);
--> statement-breakpoint
CREATE INDEX `sales_daily_region_day_idx` ON `sales_daily` (`region_code`,`day`);--> statement-breakpoint
CREATE INDEX `sales_daily_day_idx` ON `sales_daily` (`day`);--> statement-breakpoint
CREATE TABLE `sales_daily_sku` (
	`store_code` text NOT NULL,
	`day` text NOT NULL,
	`sku` text NOT NULL,
	`region_code` text NOT NULL,
	`amount` integer NOT NULL,
	`qty` integer NOT NULL,
	`sales` integer NOT NULL,
	PRIMARY KEY(`store_code`, `day`, `sku`)
);
--> statement-breakpoint
CREATE INDEX `sales_daily_sku_region_day_idx` ON `sales_daily_sku` (`region_code`,`day`);--> statement-breakpoint
CREATE TABLE `webhook_receipts` (
	`source_id` text NOT NULL,
	`webhook_id` text NOT NULL,
	`received_at` text NOT NULL,
	`payload` text NOT NULL,
	`sales_count` integer NOT NULL,
	`status` text NOT NULL,
	`applied_at` text,
	PRIMARY KEY(`source_id`, `webhook_id`)
);
--> statement-breakpoint
CREATE INDEX `webhook_receipts_status_idx` ON `webhook_receipts` (`status`,`received_at`);