DROP INDEX "tasks_queued_idx";--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "created_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "created_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "enqueued_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "tasks_unqueued_idx" ON "tasks" USING btree ("created_at") WHERE "tasks"."status" = 'queued' and "tasks"."enqueued_at" is null;