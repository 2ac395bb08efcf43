import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "../../components/badge.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { ShowMore } from "../../components/show-more.tsx";
import { Empty, QueryState } from "../../components/states.tsx";
import { useFormat } from "../../format.ts";
import { href } from "../../route.ts";
import { useTRPC } from "../../trpc.ts";
import { useTaskPages } from "../../use-task-pages.ts";
import { SubmitTask, TaskWatch } from "./task-form.tsx";

/** Tasks newest first, 20 a page, with "Show more" (the list used to stop at 20). */
function RecentTasks({ onWatch }: { readonly onWatch: (taskId: string) => void }) {
  const format = useFormat();
  const list = useTaskPages({ limit: 20 }, () => 5_000);
  return (
    <QueryState query={list} what="your tasks">
      {(data) => {
        const items = data.pages.flatMap((page) => page.items);
        if (items.length === 0) return <Empty>No tasks yet.</Empty>;
        return (
          <>
            <DataTable
              caption="Your tasks, newest first"
              rows={items}
              rowKey={(task) => task.id}
              columns={[
                { header: "Task", cell: (task) => <code>{task.id.slice(0, 8)}</code> },
                { header: "Submitted", cell: (task) => format.dateTime(task.createdAt) },
                { header: "Type", cell: (task) => task.type },
                { header: "Priority", cell: (task) => task.priority },
                {
                  header: "Status",
                  cell: (task) => (
                    <>
                      <Badge value={task.status} />
                      {task.error ? <small className="error-text"> {task.error}</small> : null}
                    </>
                  ),
                },
                {
                  header: "Watch",
                  cell: (task) => (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => onWatch(task.id)}
                      aria-label={`Watch task ${task.id.slice(0, 8)}`}
                    >
                      Watch
                    </button>
                  ),
                },
              ]}
            />
            <ShowMore list={list} label="Show more tasks" />
          </>
        );
      }}
    </QueryState>
  );
}

/**
 * The administrators' developer area: the raw task form (any task type, its payload built from
 * the server's JSON Schema), a live watch of one task, the task list, and the dev outbox. Nobody
 * else is shown these; the pages people use say the same things in words.
 */
export function Developer() {
  const trpc = useTRPC();
  const catalog = useQuery({ ...trpc.tasks.catalog.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  const [watching, setWatching] = useState<string | null>(null);
  return (
    <section aria-labelledby="developer-title">
      <h2 id="developer-title">Developer</h2>
      <p className="muted">
        Tools for checking GovConnect itself: submit any task with its raw details, watch it run, and read the emails
        this installation would have sent (<a href={href("outbox")}>Dev outbox</a>).
      </p>
      <section className="card" aria-labelledby="submit-title">
        <h3 id="submit-title">Submit a task</h3>
        <QueryState query={catalog} what="task types">
          {(data) => <SubmitTask catalog={data.types} onSubmitted={setWatching} />}
        </QueryState>
        {watching ? <TaskWatch key={watching} taskId={watching} /> : null}
      </section>
      <section className="card" aria-labelledby="my-tasks-title">
        <h3 id="my-tasks-title">Your tasks</h3>
        <RecentTasks onWatch={setWatching} />
      </section>
    </section>
  );
}
