// The JavaScript environment of the emulator's script worker (duktape, ES5.1 plus a little).
// Evaluated once per script in a fresh heap. The natives come from worker.cpp:
//   __request(method, path, body) -> {status, body}   one request to the emulator, run
//                                                      inside the script's transaction
//   __log(level, message)   a line in the emulator's log
//   __sleep(seconds)        internal.sleep
//   __errors                the JSON text of require('internal').errors
// __run(mode, code, params, name, database) runs one script and returns the JSON text of
// its outcome: {"op":"done","result":...} or {"op":"error",...}.
(function (global) {
  'use strict';
  var errors = JSON.parse(global.__errors);
  var request = global.__request;
  var logNative = global.__log;
  var sleepNative = global.__sleep;
  var databaseName = '_system';

  // --- ArangoError, as @arangodb exports it ---
  function ArangoError(error) {
    this.error = true;
    if (error !== undefined && error !== null) {
      this.code = error.code;
      this.errorNum = error.errorNum;
      this.errorMessage = error.errorMessage;
    }
    this.message = this.errorMessage;
  }
  ArangoError.prototype = new Error();
  ArangoError.prototype.constructor = ArangoError;
  ArangoError.prototype.name = 'ArangoError';
  ArangoError.prototype.isArangoError = true;
  ArangoError.prototype.toString = function () {
    return 'ArangoError ' + this.errorNum + ': ' + this.errorMessage;
  };

  function fail(num, message) {
    throw new ArangoError({
      error: true, code: 400, errorNum: num,
      errorMessage: message !== undefined ? message : errorText(num)
    });
  }
  function errorText(num) {
    for (var k in errors) {
      if (errors[k].code === num) return errors[k].message;
    }
    return 'unknown error';
  }

  // --- the emulator's REST API, as arangosh's modules use it ---
  function call(method, path, body) {
    var text = body === undefined ? '' : JSON.stringify(body);
    var r = request(method, path, text);
    var parsed = null;
    if (r.body !== '') {
      try {
        parsed = JSON.parse(r.body);
      } catch (e) {
        fail(errors.ERROR_INTERNAL.code, 'unparsable response: ' + r.body.substr(0, 200));
      }
    }
    if (r.status >= 400) {
      if (parsed !== null && typeof parsed === 'object' && parsed.errorNum !== undefined) {
        throw new ArangoError(parsed);
      }
      throw new ArangoError({ error: true, code: r.status, errorNum: r.status,
                              errorMessage: 'HTTP ' + r.status });
    }
    return parsed;
  }
  function enc(s) { return encodeURIComponent(String(s)); }
  function query(options, allowed) {
    var parts = [];
    if (options !== null && typeof options === 'object') {
      for (var i = 0; i < allowed.length; ++i) {
        var k = allowed[i];
        if (options[k] !== undefined && options[k] !== null) {
          parts.push(k + '=' + enc(typeof options[k] === 'object' ? JSON.stringify(options[k]) : options[k]));
        }
      }
    }
    return parts.length ? '?' + parts.join('&') : '';
  }
  var writeOptions = ['waitForSync', 'returnNew', 'returnOld', 'silent', 'overwrite',
                      'overwriteMode', 'keepNull', 'mergeObjects', 'ignoreRevs', 'refillIndexCaches',
                      'versionAttribute'];

  // --- cursors ---
  function ArangoQueryCursor(data) {
    this._docs = data.result || [];
    this._pos = 0;
    this._id = data.id;
    this._hasMore = data.hasMore === true;
    this._count = data.count;
    this._extra = data.extra;
    this._cached = data.cached;
  }
  ArangoQueryCursor.prototype.hasNext = function () {
    if (this._pos < this._docs.length) return true;
    if (!this._hasMore) return false;
    var data = call('POST', '/_api/cursor/' + enc(this._id));
    this._docs = data.result || [];
    this._pos = 0;
    this._hasMore = data.hasMore === true;
    if (data.extra !== undefined) this._extra = data.extra;
    return this._pos < this._docs.length;
  };
  ArangoQueryCursor.prototype.next = function () {
    if (!this.hasNext()) return undefined;
    return this._docs[this._pos++];
  };
  ArangoQueryCursor.prototype.toArray = function () {
    var out = [];
    while (this.hasNext()) out.push(this._docs[this._pos++]);
    return out;
  };
  ArangoQueryCursor.prototype.count = function () { return this._count; };
  ArangoQueryCursor.prototype.getExtra = function () { return this._extra || {}; };
  ArangoQueryCursor.prototype.dispose = function () {
    if (this._hasMore && this._id !== undefined) {
      try { call('DELETE', '/_api/cursor/' + enc(this._id)); } catch (e) { }
    }
    this._hasMore = false;
    this._docs = [];
  };
  ArangoQueryCursor.prototype.toString = function () { return '[ArangoQueryCursor]'; };

  function runQuery(q, bindVars, options) {
    var body;
    if (q !== null && typeof q === 'object' && typeof q.query === 'string') {
      body = { query: q.query, bindVars: q.bindVars || {} };
      options = bindVars;
    } else {
      body = { query: q, bindVars: bindVars || {} };
    }
    if (options !== null && typeof options === 'object') {
      for (var k in options) {
        if (k === 'count' || k === 'batchSize' || k === 'ttl' || k === 'memoryLimit' || k === 'cache') {
          body[k] = options[k];
        } else {
          body.options = body.options || {};
          body.options[k] = options[k];
        }
      }
    }
    if (body.batchSize === undefined) body.batchSize = 1000;
    return new ArangoQueryCursor(call('POST', '/_api/cursor', body));
  }

  // --- collections ---
  function keyOf(collection, selector) {
    if (selector !== null && typeof selector === 'object') {
      if (selector._id !== undefined) selector = selector._id;
      else if (selector._key !== undefined) return String(selector._key);
      else fail(errors.ERROR_ARANGO_DOCUMENT_HANDLE_BAD.code);
    }
    selector = String(selector);
    var slash = selector.indexOf('/');
    if (slash === -1) return selector;
    if (selector.substr(0, slash) !== collection) {
      fail(errors.ERROR_ARANGO_CROSS_COLLECTION_REQUEST.code);
    }
    return selector.substr(slash + 1);
  }
  function ArangoCollection(name) { this._name = name; }
  var C = ArangoCollection.prototype;
  C.isArangoCollection = true;
  C.name = function () { return this._name; };
  C.toString = function () { return '[ArangoCollection "' + this._name + '"]'; };
  C._path = function (rest) { return '/_api/document/' + enc(this._name) + (rest || ''); };
  C.save = C.insert = function (data, options) {
    return call('POST', this._path() + query(options, writeOptions), data);
  };
  C.document = function (selector) {
    if (Array.isArray(selector)) {
      return call('PUT', this._path() + '?onlyget=true', selector);
    }
    return call('GET', this._path('/' + enc(keyOf(this._name, selector))));
  };
  C.exists = function (selector) {
    try {
      var d = this.document(selector);
      return { _id: d._id, _key: d._key, _rev: d._rev };
    } catch (e) {
      if (e.errorNum === errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND.code) return false;
      throw e;
    }
  };
  function modify(method) {
    return function (selector, data, options) {
      if (Array.isArray(selector)) {
        return call(method, this._path() + query(options, writeOptions), data);
      }
      return call(method, this._path('/' + enc(keyOf(this._name, selector))) +
                  query(options, writeOptions), data);
    };
  }
  C.update = modify('PATCH');
  C.replace = modify('PUT');
  C.remove = function (selector, options) {
    if (Array.isArray(selector)) {
      return call('DELETE', this._path() + query(options, writeOptions), selector);
    }
    return call('DELETE', this._path('/' + enc(keyOf(this._name, selector))) +
                query(options, writeOptions));
  };
  C.count = function () {
    return call('GET', '/_api/collection/' + enc(this._name) + '/count').count;
  };
  C.properties = function () {
    return call('GET', '/_api/collection/' + enc(this._name) + '/properties');
  };
  C.all = function () {
    return runQuery('FOR d IN @@c RETURN d', { '@c': this._name });
  };
  C.toArray = function () { return this.all().toArray(); };
  C.byExample = function (example) {
    var filters = [], vars = { '@c': this._name }, i = 0;
    for (var k in example) {
      filters.push('d.@a' + i + ' == @v' + i);
      vars['a' + i] = k;
      vars['v' + i] = example[k];
      ++i;
    }
    return runQuery('FOR d IN @@c ' + (filters.length ? 'FILTER ' + filters.join(' && ') : '') +
                    ' RETURN d', vars);
  };
  C.firstExample = function (example) {
    var c = this.byExample(example);
    return c.hasNext() ? c.next() : null;
  };
  C.truncate = function () {
    call('PUT', '/_api/collection/' + enc(this._name) + '/truncate');
  };
  C.drop = function () { call('DELETE', '/_api/collection/' + enc(this._name)); };

  // --- the database object: db._collection(name), db[name] ---
  var collections = {};
  function lookup(name) {
    if (collections.hasOwnProperty(name)) return collections[name];
    try {
      var info = call('GET', '/_api/collection/' + enc(name));
      collections[name] = new ArangoCollection(info.name);
      return collections[name];
    } catch (e) {
      if (e.errorNum === errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND.code) return null;
      throw e;
    }
  }
  var dbBase = {
    _name: function () { return databaseName; },
    _id: function () { return call('GET', '/_api/database/current').result.id; },
    _collection: function (name) { return lookup(String(name)); },
    _collections: function () {
      return call('GET', '/_api/collection?excludeSystem=false').result.map(function (c) {
        return new ArangoCollection(c.name);
      });
    },
    _create: function (name, properties, type) {
      var body = { name: name };
      for (var k in (properties || {})) body[k] = properties[k];
      if (type === 'edge' || type === 3) body.type = 3;
      var info = call('POST', '/_api/collection', body);
      return new ArangoCollection(info.name);
    },
    _createDocumentCollection: function (name, properties) { return dbBase._create(name, properties); },
    _createEdgeCollection: function (name, properties) { return dbBase._create(name, properties, 'edge'); },
    // arangod's db._drop: nothing happens for a collection that does not exist
    _drop: function (name) {
      name = String(name && name.name ? name.name() : name);
      try {
        call('DELETE', '/_api/collection/' + enc(name));
      } catch (e) {
        if (e.errorNum !== errors.ERROR_ARANGO_DATA_SOURCE_NOT_FOUND.code) throw e;
      }
      delete collections[name];
    },
    _query: runQuery,
    _createStatement: function (data) {
      return { execute: function () { return runQuery(data.query, data.bindVars, data.options); } };
    },
    _document: function (id) {
      var s = String(id && id._id !== undefined ? id._id : id);
      var slash = s.indexOf('/');
      if (slash === -1) fail(errors.ERROR_ARANGO_DOCUMENT_HANDLE_BAD.code);
      return new ArangoCollection(s.substr(0, slash)).document(s);
    },
    _exists: function (id) {
      try { return dbBase._document(id) !== null; } catch (e) {
        if (e.errorNum === errors.ERROR_ARANGO_DOCUMENT_NOT_FOUND.code) return false;
        throw e;
      }
    },
    _version: function () { return call('GET', '/_api/version').version; },
    _executeTransaction: function () {
      fail(errors.ERROR_TRANSACTION_NESTED.code);
    }
  };
  var db = typeof Proxy === 'function' ? new Proxy(dbBase, {
    get: function (target, name) {
      if (typeof name !== 'string') return undefined;
      if (Object.prototype.hasOwnProperty.call(target, name)) return target[name];
      if (name.charAt(0) === '_' || name === 'toJSON' || name === 'toString' ||
          name === 'valueOf' || name === 'inspect' || name === 'constructor') {
        return target[name];
      }
      var c = lookup(name);
      return c === null ? undefined : c;
    }
  }) : dbBase;

  // --- console, print, require ---
  function format(args) {
    var parts = [];
    for (var i = 0; i < args.length; ++i) {
      var a = args[i];
      if (typeof a === 'string') parts.push(a);
      else {
        try { parts.push(JSON.stringify(a)); } catch (e) { parts.push(String(a)); }
      }
    }
    return parts.join(' ');
  }
  function logger(level) {
    return function () { logNative(level, format(arguments)); };
  }
  var console = {
    log: logger('info'), info: logger('info'), warn: logger('warn'), error: logger('error'),
    debug: logger('debug'), trace: logger('trace')
  };
  var print = logger('info');
  var internal = {
    db: db,
    errors: errors,
    ArangoError: ArangoError,
    sleep: function (s) { sleepNative(Number(s)); },
    wait: function (s) { sleepNative(Number(s)); },
    time: function () { return Date.now() / 1000; },
    print: print,
    output: print
  };
  var arangodb = {
    db: db,
    errors: errors,
    ArangoError: ArangoError,
    print: print,
    time: internal.time,
    _ArangoCollection: ArangoCollection
  };
  function require(name) {
    switch (name) {
      case '@arangodb': case 'org/arangodb': return arangodb;
      case 'internal': return internal;
      case 'console': return console;
      default:
        throw new Error("cannot locate module '" + name + "'");
    }
  }
  global.require = require;
  global.console = console;
  global.print = print;
  global.db = db;
  global.ArangoError = ArangoError;

  // --- running one script ---
  // extractArangoError (arangod's v8-utils): what a thrown value becomes.
  function classify(e, fallback, unknownMessage) {
    if (typeof e === 'string') return { errorNum: fallback, errorMessage: e };
    if (e === null || typeof e !== 'object') return { errorNum: fallback, errorMessage: String(e) };
    if (e.errorNum !== undefined && (e.errorMessage !== undefined || e.message !== undefined)) {
      return { errorNum: Number(e.errorNum) | 0,
               errorMessage: String(e.errorMessage !== undefined ? e.errorMessage : e.message) };
    }
    if (e.name !== undefined && e.message !== undefined) {
      if (e.name === 'TypeError') return { errorNum: errors.ERROR_TYPE_ERROR.code, errorMessage: String(e.message) };
      return { errorNum: e.errorNum !== undefined ? Number(e.errorNum) | 0 : fallback,
               errorMessage: String(e.name) + ': ' + String(e.message) };
    }
    return { errorNum: fallback, errorMessage: unknownMessage };
  }
  function stackOf(e) {
    if (e !== null && typeof e === 'object' && typeof e.stack === 'string') return e.stack;
    return String(e);
  }
  function done(value) {
    var out = { op: 'done' };
    if (value !== undefined) out.result = value;
    return JSON.stringify(out);
  }
  function failed(kind, info, e) {
    return JSON.stringify({ op: 'error', kind: kind, errorNum: info.errorNum,
                            errorMessage: info.errorMessage, stack: stackOf(e) });
  }
  // AQL's FIX_VALUE: what a user function's result becomes.
  function fixValue(value) {
    var type = typeof value;
    if (value === undefined || value === null || (type === 'number' && !isFinite(value))) return null;
    if (type === 'boolean' || type === 'string' || type === 'number') return value;
    if (Array.isArray(value)) return value.map(fixValue);
    if (type === 'object') {
      var result = {};
      Object.keys(value).forEach(function (k) {
        if (typeof value[k] !== 'function') result[k] = fixValue(value[k]);
      });
      return result;
    }
    return null;
  }
  function compileUserFunction(code, name) {
    var src = '(function() { var callback = ' + code + ';\n return callback; })()';
    var fn = (0, eval)(src);
    if (typeof fn !== 'function') {
      throw new ArangoError({ errorNum: errors.ERROR_QUERY_FUNCTION_INVALID_CODE.code,
                              errorMessage: errors.ERROR_QUERY_FUNCTION_INVALID_CODE.message });
    }
    return fn;
  }

  global.__run = function (mode, code, params, name, database) {
    databaseName = database;
    var fn;
    if (mode === 'transaction') {
      // executeTransactionJS: new Function('params', 'return (' + action + ')(params);')
      try {
        fn = new Function('params', 'return (' + code + ')(params);');
      } catch (e) {
        return failed('compile', { errorNum: errors.ERROR_BAD_PARAMETER.code,
          errorMessage: 'missing/invalid action definition for transaction - ' + String(e) +
                        ' - ' + stackOf(e) }, e);
      }
      try {
        return done(fn(params));
      } catch (e) {
        return failed('throw', classify(e, errors.ERROR_TRANSACTION_INTERNAL.code,
          'an unknown error occured while executing the transaction'), e);
      }
    }
    if (mode === 'task') {
      try {
        fn = new Function('params', code);
        return done(fn(params));
      } catch (e) {
        return failed('throw', classify(e, errors.ERROR_INTERNAL.code, String(e)), e);
      }
    }
    if (mode === 'execute') {
      try {
        fn = new Function(code);
        return done(fn());
      } catch (e) {
        return failed('throw', classify(e, errors.ERROR_INTERNAL.code, String(e)), e);
      }
    }
    if (mode === 'compile') {
      try {
        compileUserFunction(code, name);
        return done(true);
      } catch (e) {
        return failed('compile', { errorNum: errors.ERROR_QUERY_FUNCTION_INVALID_CODE.code,
                                   errorMessage: errors.ERROR_QUERY_FUNCTION_INVALID_CODE.message }, e);
      }
    }
    if (mode === 'function') {
      try {
        fn = compileUserFunction(code, name);
      } catch (e) {
        return failed('compile', { errorNum: errors.ERROR_QUERY_FUNCTION_INVALID_CODE.code,
                                   errorMessage: errors.ERROR_QUERY_FUNCTION_INVALID_CODE.message }, e);
      }
      try {
        return done(fixValue(fn.apply({ name: name }, params)));
      } catch (e) {
        var text = e !== null && typeof e === 'object' && e.stack ? String(e.stack) : String(e);
        return failed('throw', { errorNum: errors.ERROR_QUERY_FUNCTION_RUNTIME_ERROR.code,
          errorMessage: "in function '" + name + "()': " +
            errors.ERROR_QUERY_FUNCTION_RUNTIME_ERROR.message.replace('%s', text) }, e);
      }
    }
    return failed('internal', { errorNum: errors.ERROR_INTERNAL.code,
                                errorMessage: 'unknown script mode ' + mode }, null);
  };
})(this);
