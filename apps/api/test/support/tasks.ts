import type { TestApi } from "../../src/testing/api.ts";
import { http } from "../../src/testing/http.ts";

/** `GET /api/tasks/{taskId}`'s body. */
export interface TaskBody {
  status: string;
  task: { id: string; type: string; priority: number; data: unknown; attempts: number };
  result: unknown;
  timestamp: string;
  history: Array<{ status: string }>;
}

/** Polls `GET /api/tasks/{taskId}` until the task is processed or failed; throws after 20 s. */
export async function finishedTask(api: TestApi, taskId: string, token: string): Promise<TaskBody> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await http(api.url, "GET", `/api/tasks/${taskId}`, { token });
    const body = response.body as TaskBody;
    if (body.status === "processed" || body.status === "failed") return body;
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${body.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
