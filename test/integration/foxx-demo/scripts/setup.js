'use strict';
// ES5 on purpose: the emulator's JavaScript engine (duktape) does not compile ES2015+.
var db = require('@arangodb').db;
var name = module.context.collectionName('items');
if (!db._collection(name)) {
  db._createDocumentCollection(name);
}
