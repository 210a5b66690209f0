CREATE TABLE `sale_folds` (
	`id` text PRIMARY KEY NOT NULL,
	`keys` text NOT NULL,
	`created_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
