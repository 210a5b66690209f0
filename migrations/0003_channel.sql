CREATE TABLE `alert_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`endpoint_id` text NOT NULL,
	`run_id` text NOT NULL,
	`violation_ids` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`created_at` text NOT NULL,
	`delivered_at` text
);
--> statement-breakpoint
CREATE INDEX `alert_deliveries_due_idx` ON `alert_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `alert_deliveries_run_idx` ON `alert_deliveries` (`endpoint_id`,`run_id`);--> statement-breakpoint
CREATE TABLE `alert_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`region_code` text,
	`format` text NOT NULL,
	`url` text NOT NULL,
	`secret` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shipment_lines` (
	`shipment_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`sku` text NOT NULL,
	`qty` integer NOT NULL,
	`code_type` text NOT NULL,
	PRIMARY KEY(`shipment_id`, `line_no`)
);
--> statement-breakpoint
CREATE INDEX `shipment_lines_sku_idx` ON `shipment_lines` (`sku`);--> statement-breakpoint
CREATE TABLE `shipments` (
	`shipment_id` text PRIMARY KEY NOT NULL,
	`dealer_code` text,
	`store_code` text,
	`region_code` text NOT NULL,
	`shipped_at` text NOT NULL,
	`day` text NOT NULL,
	`transfer` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `shipments_dealer_idx` ON `shipments` (`dealer_code`,`day`);--> statement-breakpoint
CREATE INDEX `shipments_store_idx` ON `shipments` (`store_code`,`day`);--> statement-breakpoint
CREATE TABLE `shipped_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`code_type` text NOT NULL,
	`sku` text NOT NULL,
	`shipment_id` text NOT NULL,
	`dealer_code` text,
	`store_code` text,
	`region_code` text NOT NULL,
	`shipped_at` text NOT NULL,
	`qty` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sold_codes` (
	`code` text NOT NULL,
	`source_id` text NOT NULL,
	`sale_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`kind` text NOT NULL,
	`sku` text NOT NULL,
	`qty` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`occurred_at` text NOT NULL,
	`day` text NOT NULL,
	`store_code` text NOT NULL,
	`region_code` text NOT NULL,
	PRIMARY KEY(`source_id`, `sale_id`, `line_no`, `code`)
);
--> statement-breakpoint
CREATE INDEX `sold_codes_code_idx` ON `sold_codes` (`code`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `violations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`store_code` text,
	`region_code` text NOT NULL,
	`expected_region_code` text,
	`dealer_code` text,
	`sku` text,
	`code` text,
	`source_id` text,
	`sale_id` text,
	`unit_price` integer,
	`floor_price` integer,
	`detected_at` text NOT NULL,
	`run_id` text NOT NULL,
	`evidence` text NOT NULL,
	`note` text,
	`decided_by` text,
	`decided_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `violations_dedupe_key_unique` ON `violations` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `violations_region_status_idx` ON `violations` (`region_code`,`status`,`kind`);--> statement-breakpoint
CREATE INDEX `violations_code_idx` ON `violations` (`code`,`kind`,`status`);--> statement-breakpoint
CREATE INDEX `violations_run_idx` ON `violations` (`run_id`);