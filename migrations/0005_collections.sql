CREATE TABLE `invoices` (
	`invoice_id` text PRIMARY KEY NOT NULL,
	`dealer_code` text NOT NULL,
	`region_code` text NOT NULL,
	`issued_on` text NOT NULL,
	`due_on` text NOT NULL,
	`amount` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `invoices_dealer_idx` ON `invoices` (`dealer_code`,`due_on`);--> statement-breakpoint
CREATE TABLE `payment_allocations` (
	`payment_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`payment_id`, `invoice_id`)
);
--> statement-breakpoint
CREATE INDEX `payment_allocations_invoice_idx` ON `payment_allocations` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`payment_id` text PRIMARY KEY NOT NULL,
	`dealer_code` text NOT NULL,
	`region_code` text NOT NULL,
	`received_on` text NOT NULL,
	`amount` integer NOT NULL,
	`invoice_id` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payments_dealer_idx` ON `payments` (`dealer_code`,`received_on`);--> statement-breakpoint
CREATE INDEX `payments_region_idx` ON `payments` (`region_code`,`received_on`);