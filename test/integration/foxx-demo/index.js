'use strict';
const createRouter = require('@arangodb/foxx/router');
const router = createRouter();
module.context.use(router);

router.get('/hello', (req, res) => {
  res.send({greeting: module.context.configuration.greeting});
});
