'use strict';
var db = require('@arangodb').db;
db._drop(module.context.collectionName('items'));
