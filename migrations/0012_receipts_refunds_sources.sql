CREATE TABLE `webhook_receipt_parts` (
	`source_id` text NOT NULL,
	`webhook_id` text NOT NULL,
	`part` integer NOT NULL,
	`payload` text NOT NULL,
	PRIMARY KEY(`source_id`, `webhook_id`, `part`)
);
--> statement-breakpoint
ALTER TABLE `pos_sources` ADD `disabled_at` text;--> statement-breakpoint
ALTER TABLE `sales` ADD `hold_reason` text;--> statement-breakpoint
ALTER TABLE `webhook_receipts` ADD `parts` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_receipts` ADD `queued_at` text;--> statement-breakpoint
CREATE INDEX `violations_decided_idx` ON `violations` (`decided_by`,`decided_at`);