CREATE TABLE `sheet_bindings` (
	`spreadsheet_id` text NOT NULL,
	`sheet_name` text NOT NULL,
	`tab` text NOT NULL,
	`region_code` text NOT NULL,
	`year` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`last_written_at` text,
	`last_error` text,
	PRIMARY KEY(`spreadsheet_id`, `sheet_name`)
);
--> statement-breakpoint
CREATE INDEX `sheet_bindings_region_idx` ON `sheet_bindings` (`region_code`);