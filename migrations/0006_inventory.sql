CREATE TABLE `inventory_alert_state` (
	`kind` text NOT NULL,
	`location_code` text NOT NULL,
	`sku` text NOT NULL,
	`region_code` text NOT NULL,
	`first_seen_on` text NOT NULL,
	PRIMARY KEY(`kind`, `location_code`, `sku`)
);
--> statement-breakpoint
CREATE TABLE `inventory_limits` (
	`location_code` text NOT NULL,
	`location_type` text NOT NULL,
	`region_code` text NOT NULL,
	`sku` text NOT NULL,
	`min` integer NOT NULL,
	`max` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`location_code`, `sku`)
);
--> statement-breakpoint
CREATE INDEX `inventory_limits_region_idx` ON `inventory_limits` (`region_code`);--> statement-breakpoint
CREATE TABLE `inventory_snapshots` (
	`location_code` text NOT NULL,
	`location_type` text NOT NULL,
	`region_code` text NOT NULL,
	`sku` text NOT NULL,
	`as_of` text NOT NULL,
	`on_hand` integer NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`location_code`, `sku`, `as_of`)
);
--> statement-breakpoint
CREATE INDEX `inventory_snapshots_region_idx` ON `inventory_snapshots` (`region_code`);--> statement-breakpoint
ALTER TABLE `alert_deliveries` ADD `stock_alerts` text;