// what the benchmark page installs (see bench/run.js)
interface Window {
  __ode: { longtasks: number[]; cls: number };
}
