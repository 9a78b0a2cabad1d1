'use strict';
module.exports = {argv: module.context.argv};
