export { routeAccess } from "../routes/openapi.ts";
export { REST_ROUTES, type RestRoute } from "../routes/rest-table.ts";
export { signedInAccount, signInOverHttp, TEST_PASSWORD, type TestAccount, testAuthenticator } from "./accounts.ts";
export { startTestApi, type TestApi } from "./api.ts";
export { type HttpOptions, type HttpResponse, http } from "./http.ts";
export { openEventStream, type ServerSentEvent } from "./sse.ts";
