export { type ApiOptions, BODY_LIMIT, buildApi, MAX_BATCH_SIZE, registerHttpLayer, requestIdOf } from "./app.ts";
export { ListenError, startApi } from "./start.ts";
