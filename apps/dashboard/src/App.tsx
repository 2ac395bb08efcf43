import { HealthPanel } from "./HealthPanel.tsx";

export function App() {
  return (
    <div className="page">
      <header className="masthead">
        <span className="logo" aria-hidden="true">
          GC
        </span>
        <div>
          <h1>GovConnect</h1>
          <p className="tagline">Government services dashboard</p>
        </div>
      </header>
      <main>
        <HealthPanel />
      </main>
    </div>
  );
}
