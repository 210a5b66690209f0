DROP INDEX `sales_unmatched_idx`;--> statement-breakpoint
CREATE INDEX `sales_refund_of_idx` ON `sales` (`source_id`,`refund_of`);--> statement-breakpoint
CREATE INDEX `sales_unmatched_idx` ON `sales` (`matched`,`store_code`) WHERE matched = 0;