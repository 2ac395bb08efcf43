// esbuild plugins for the preview server (`email dev --esbuild-plugins`). Templates import
// workspace packages (@govconnect/contracts), whose `default` export is their built dist/; the
// preview bundles them from source instead, as tsx and vitest do, so it works without a build.

interface EsbuildPlugin {
  readonly name: string;
  setup(build: { initialOptions: { conditions?: string[] } }): void;
}

const workspaceSources: EsbuildPlugin = {
  name: "govconnect-source",
  setup(build) {
    // esbuild reads options a plugin changes in setup, before the build starts. Naming any
    // condition drops its default "module" one (the platform's "node" stays), so it is kept.
    build.initialOptions.conditions = ["@govconnect/source", "module", ...(build.initialOptions.conditions ?? [])];
  },
};

export default [workspaceSources];
