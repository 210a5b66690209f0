CREATE TABLE `budget_controls` (
	`region_code` text NOT NULL,
	`department` text NOT NULL,
	`category` text NOT NULL,
	`monthly` text NOT NULL,
	`annual` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`region_code`, `department`, `category`)
);
--> statement-breakpoint
CREATE TABLE `budget_regions` (
	`year` integer NOT NULL,
	`region_code` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`year`, `region_code`)
);
--> statement-breakpoint
CREATE TABLE `budgets` (
	`year` integer NOT NULL,
	`region_code` text NOT NULL,
	`department` text NOT NULL,
	`category` text NOT NULL,
	`month` integer NOT NULL,
	`amount` integer NOT NULL,
	`revision` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`year`, `region_code`, `department`, `category`, `month`)
);
--> statement-breakpoint
CREATE TABLE `expenses` (
	`expense_id` text PRIMARY KEY NOT NULL,
	`region_code` text NOT NULL,
	`department` text NOT NULL,
	`category` text NOT NULL,
	`incurred_on` text NOT NULL,
	`year` integer NOT NULL,
	`month` integer NOT NULL,
	`amount` integer NOT NULL,
	`description` text NOT NULL,
	`status` text NOT NULL,
	`budget_action` text NOT NULL,
	`override_reason` text,
	`submitted_by` text NOT NULL,
	`submitted_at` text NOT NULL,
	`reviewed_by` text,
	`reviewed_at` text,
	`approved_by` text,
	`approved_at` text,
	`rejected_by` text,
	`rejected_at` text,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `expenses_budget_idx` ON `expenses` (`region_code`,`year`,`department`,`category`,`month`,`status`);