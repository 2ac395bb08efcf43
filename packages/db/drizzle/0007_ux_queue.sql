ALTER TABLE "alerts" ADD COLUMN "raised_severity" "alert_severity";--> statement-breakpoint
ALTER TABLE "appointment_events" ADD COLUMN "reason" text;--> statement-breakpoint
CREATE INDEX "appointments_time_idx" ON "appointments" USING btree ("appointment_date","appointment_time","id");--> statement-breakpoint
UPDATE "alerts" SET "raised_severity" = "severity" WHERE "raised_severity" IS NULL;
