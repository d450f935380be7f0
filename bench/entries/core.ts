// core = lit + client + dataset + table + attribution (the benchmark's size target)
import '../../src/core/define-dataset.js';
import '../../src/table/define.js';
import '../../src/attribution/define.js';
