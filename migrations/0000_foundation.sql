CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`region_codes` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`via` text NOT NULL,
	`entity` text NOT NULL,
	`entity_key` text NOT NULL,
	`before` text,
	`after` text,
	`context` text
);
--> statement-breakpoint
CREATE INDEX `audit_entity_key_idx` ON `audit_log` (`entity`,`entity_key`,`id`);--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `dealers` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`region_code` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dealers_region_idx` ON `dealers` (`region_code`);--> statement-breakpoint
CREATE TABLE `products` (
	`sku` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`category` text,
	`list_price` integer,
	`floor_price` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `regions` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`manager_email` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `store_external_ids` (
	`vendor` text NOT NULL,
	`external_id` text NOT NULL,
	`store_code` text NOT NULL,
	PRIMARY KEY(`vendor`, `external_id`)
);
--> statement-breakpoint
CREATE INDEX `store_external_ids_store_idx` ON `store_external_ids` (`store_code`);--> statement-breakpoint
CREATE TABLE `stores` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`region_code` text NOT NULL,
	`dealer_code` text,
	`channel` text NOT NULL,
	`opened_on` text,
	`closed_on` text,
	`tier` text,
	`area_sqm` real,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stores_region_idx` ON `stores` (`region_code`);--> statement-breakpoint
CREATE INDEX `stores_dealer_idx` ON `stores` (`dealer_code`);