export { type ApiOptions, BODY_LIMIT, buildApi, MAX_BATCH_SIZE } from "./app.ts";
export { ListenError, startApi } from "./start.ts";
