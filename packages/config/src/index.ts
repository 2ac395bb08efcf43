export { type Config, ConfigError, loadConfigOrExit, parseConfig } from "./config.ts";
export { type Env, envSchema } from "./env.ts";
