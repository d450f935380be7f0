import '../../src/attribution/define.js';
