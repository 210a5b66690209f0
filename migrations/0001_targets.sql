CREATE TABLE `company_targets` (
	`metric` text NOT NULL,
	`year` integer NOT NULL,
	`amount` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`metric`, `year`)
);
--> statement-breakpoint
CREATE TABLE `revisions` (
	`scope` text PRIMARY KEY NOT NULL,
	`revision` integer NOT NULL,
	`write_id` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `target_regions` (
	`metric` text NOT NULL,
	`year` integer NOT NULL,
	`region_code` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`contest_amount` integer,
	`contest_reason` text,
	`contest_status` text,
	`contest_by` text,
	`contest_decision_reason` text,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`metric`, `year`, `region_code`)
);
--> statement-breakpoint
CREATE TABLE `targets` (
	`metric` text NOT NULL,
	`year` integer NOT NULL,
	`level` text NOT NULL,
	`code` text NOT NULL,
	`month` integer NOT NULL,
	`region_code` text NOT NULL,
	`amount` integer NOT NULL,
	`revision` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`metric`, `year`, `level`, `code`, `month`)
);
--> statement-breakpoint
CREATE INDEX `targets_region_idx` ON `targets` (`metric`,`year`,`region_code`,`level`);