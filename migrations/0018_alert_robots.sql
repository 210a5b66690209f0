CREATE TABLE `robot_windows` (
	`robot` text PRIMARY KEY NOT NULL,
	`recent_sends` text DEFAULT '[]' NOT NULL,
	`paused_until` text
);
--> statement-breakpoint
ALTER TABLE `alert_endpoints` ADD `report_url` text;