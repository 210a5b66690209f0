CREATE TABLE `product_costs` (
	`sku` text NOT NULL,
	`effective_from` text NOT NULL,
	`cost_price` integer NOT NULL,
	`set_at` text NOT NULL,
	PRIMARY KEY(`sku`, `effective_from`)
);
--> statement-breakpoint
CREATE TABLE `scorecard_weights` (
	`id` text PRIMARY KEY NOT NULL,
	`weights` text NOT NULL,
	`set_by` text NOT NULL,
	`set_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `stores` ADD `manager` text;--> statement-breakpoint
ALTER TABLE `expenses` ADD `store_code` text;