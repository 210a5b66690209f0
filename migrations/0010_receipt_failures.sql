ALTER TABLE `webhook_receipts` ADD `failed_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_receipts` ADD `last_error` text;