-- The ledger kept smaller (issue: years of sales within one D1 database). Sales and their lines are
-- only ever looked up by their keys, so they become WITHOUT ROWID tables: each row is kept once, in
-- its key's b-tree, instead of a table plus a copy of the key in an index. A sale no longer repeats
-- when it was received (its receipt keeps that); the SKU index of the lines goes (a line is found by
-- its sale; the fold finds the waiting sales of a SKU from the waiting sales); the refund index
-- holds refunds only. The rollups, read by their keys and covering indexes, become WITHOUT ROWID
-- too. Drizzle's schema cannot say WITHOUT ROWID, so this file is written by hand.
CREATE TABLE `sales_compact` (
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
	`hold_reason` text,
	PRIMARY KEY(`source_id`, `sale_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `sales_compact` (`source_id`, `sale_id`, `kind`, `refund_of`, `store_code`, `store_vendor`, `store_external_id`, `occurred_at`, `day`, `iso_week`, `currency`, `region_code`, `matched`, `webhook_id`, `hold_reason`)
SELECT `source_id`, `sale_id`, `kind`, `refund_of`, `store_code`, `store_vendor`, `store_external_id`, `occurred_at`, `day`, `iso_week`, `currency`, `region_code`, `matched`, `webhook_id`, `hold_reason` FROM `sales`;
--> statement-breakpoint
DROP TABLE `sales`;--> statement-breakpoint
ALTER TABLE `sales_compact` RENAME TO `sales`;--> statement-breakpoint
CREATE INDEX `sales_store_day_idx` ON `sales` (`store_code`,`day`);--> statement-breakpoint
CREATE INDEX `sales_unmatched_idx` ON `sales` (`matched`,`store_code`) WHERE matched = 0;--> statement-breakpoint
CREATE INDEX `sales_refund_of_idx` ON `sales` (`source_id`,`refund_of`) WHERE kind = 'refund';--> statement-breakpoint
CREATE TABLE `sale_lines_compact` (
	`source_id` text NOT NULL,
	`sale_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`sku` text NOT NULL,
	`qty` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`amount` integer NOT NULL,
	`codes` text,
	PRIMARY KEY(`source_id`, `sale_id`, `line_no`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `sale_lines_compact` SELECT `source_id`, `sale_id`, `line_no`, `sku`, `qty`, `unit_price`, `amount`, `codes` FROM `sale_lines`;--> statement-breakpoint
DROP TABLE `sale_lines`;--> statement-breakpoint
ALTER TABLE `sale_lines_compact` RENAME TO `sale_lines`;
--> statement-breakpoint
CREATE TABLE `sales_daily_sku_compact` (
	`store_code` text NOT NULL,
	`day` text NOT NULL,
	`sku` text NOT NULL,
	`region_code` text NOT NULL,
	`amount` integer NOT NULL,
	`qty` integer NOT NULL,
	`sales` integer NOT NULL,
	PRIMARY KEY(`store_code`, `day`, `sku`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `sales_daily_sku_compact` SELECT `store_code`, `day`, `sku`, `region_code`, `amount`, `qty`, `sales` FROM `sales_daily_sku`;--> statement-breakpoint
DROP TABLE `sales_daily_sku`;--> statement-breakpoint
ALTER TABLE `sales_daily_sku_compact` RENAME TO `sales_daily_sku`;--> statement-breakpoint
CREATE INDEX `sales_daily_sku_region_day_idx` ON `sales_daily_sku` (`region_code`,`day`);--> statement-breakpoint
CREATE TABLE `sales_daily_compact` (
	`store_code` text NOT NULL,
	`day` text NOT NULL,
	`region_code` text NOT NULL,
	`month` text NOT NULL,
	`iso_week` text NOT NULL,
	`amount` integer NOT NULL,
	`qty` integer NOT NULL,
	`sales` integer NOT NULL,
	PRIMARY KEY(`store_code`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `sales_daily_compact` SELECT `store_code`, `day`, `region_code`, `month`, `iso_week`, `amount`, `qty`, `sales` FROM `sales_daily`;--> statement-breakpoint
DROP TABLE `sales_daily`;--> statement-breakpoint
ALTER TABLE `sales_daily_compact` RENAME TO `sales_daily`;--> statement-breakpoint
CREATE INDEX `sales_daily_region_day_idx` ON `sales_daily` (`region_code`,`day`);--> statement-breakpoint
CREATE INDEX `sales_daily_day_cover_idx` ON `sales_daily` (`day`,`region_code`,`store_code`,`amount`);--> statement-breakpoint
CREATE TABLE `sales_monthly_compact` (
	`store_code` text NOT NULL,
	`month` text NOT NULL,
	`region_code` text NOT NULL,
	`amount` integer NOT NULL,
	`qty` integer NOT NULL,
	`sales` integer NOT NULL,
	PRIMARY KEY(`store_code`, `month`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `sales_monthly_compact` SELECT `store_code`, `month`, `region_code`, `amount`, `qty`, `sales` FROM `sales_monthly`;--> statement-breakpoint
DROP TABLE `sales_monthly`;--> statement-breakpoint
ALTER TABLE `sales_monthly_compact` RENAME TO `sales_monthly`;--> statement-breakpoint
CREATE INDEX `sales_monthly_region_month_idx` ON `sales_monthly` (`region_code`,`month`);--> statement-breakpoint
CREATE INDEX `sales_monthly_month_cover_idx` ON `sales_monthly` (`month`,`region_code`,`store_code`,`amount`);
