// The whole public API of arango-async. Includes the standard library only.
#pragma once

#include <arango/admin.hpp>
#include <arango/aql.hpp>
#include <arango/async.hpp>
#include <arango/auth.hpp>
#include <arango/backup.hpp>
#include <arango/client.hpp>
#include <arango/cluster.hpp>
#include <arango/collection.hpp>
#include <arango/compression.hpp>
#include <arango/cursor.hpp>
#include <arango/database.hpp>
#include <arango/document.hpp>
#include <arango/errno.hpp>
#include <arango/errors.hpp>
#include <arango/executor.hpp>
#include <arango/foxx.hpp>
#include <arango/graph.hpp>
#include <arango/http.hpp>
#include <arango/job.hpp>
#include <arango/json.hpp>
#include <arango/replication.hpp>
#include <arango/resolver.hpp>
#include <arango/result.hpp>
#include <arango/types.hpp>
#include <arango/version.hpp>
