DROP INDEX `sales_daily_day_idx`;--> statement-breakpoint
CREATE INDEX `sales_daily_day_cover_idx` ON `sales_daily` (`day`,`region_code`,`store_code`,`amount`);--> statement-breakpoint
CREATE INDEX `sales_monthly_month_cover_idx` ON `sales_monthly` (`month`,`region_code`,`store_code`,`amount`);