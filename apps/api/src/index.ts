export { type ApiOptions, BODY_LIMIT, buildApi, MAX_BATCH_SIZE } from "./server/app.ts";
export { registerHttpLayer, requestIdOf } from "./server/http-layer.ts";
export { ListenError, startApi } from "./start.ts";
