// jest's module runtime, with each module compiled by vm.Script instead of vm.compileFunction (jest.config.js,
// `runtime`). Every test file gets a fresh vm context and loads its modules again (zod, pop-core, lib/, jest's own
// expect and circus): compileFunction compiles each of them from scratch each time, while a vm.Script of the same
// source and file name is found in V8's compilation cache, with the functions already compiled
// (https://github.com/nodejs/node/issues/35375). Only the compiling is shared: each module still runs in its test
// file's own context, with its own state, as before. About 8 s of CPU of a full run on the project's 2-core machines.
const { isAbsolute } = require('node:path');
const { Script } = require('node:vm');
const Runtime = require('jest-runtime').default;

/**
 * A module whose source may call import() (`import` then `(` or a comment) keeps jest's own compile: import() needs
 * the script's importModuleDynamically callback, which V8's compilation cache would share between test files.
 */
const MAY_IMPORT = /\bimport\s*(?:\(|\/[/*])/;

class ScriptCompilingRuntime extends Runtime {
  /** @param {ConstructorParameters<typeof Runtime>} args */
  constructor(...args) {
    super(...args);
    const environment = args[1];
    // jest 30's module executor; with another jest, whose executor differs, modules compile as jest compiles them.
    const executor = /** @type {{ compile?: unknown, injectedModuleParameters?: unknown }} */ (this.executor ?? {});
    const compile = executor.compile;
    const parameters = executor.injectedModuleParameters;
    if (typeof compile !== 'function' || !Array.isArray(parameters)) return;
    const jestCompile = compile.bind(executor);
    // On the source's first line, so that line numbers stay the file's; columnOffset keeps that line's columns too.
    const prefix = `(function (${parameters.join(', ')}) {`;
    executor.compile = (/** @type {string} */ source, /** @type {string} */ filename) => {
      if (MAY_IMPORT.test(source) || !isAbsolute(filename)) return jestCompile(source, filename);
      const context = environment.getVmContext();
      if (context == null) return null;
      try {
        return new Script(`${prefix}${source}\n})`, { filename, columnOffset: -prefix.length }).runInContext(context);
      } catch {
        // A syntax error, an ES module: jest's compile reports it as jest does.
        return jestCompile(source, filename);
      }
    };
  }
}

module.exports = ScriptCompilingRuntime;
