// The whole exception hierarchy (the seed's arangoasync.exceptions): the roots in
// <arango/error_base.hpp> (ArangoError, ArangoClientError) and <arango/server_error.hpp>
// (ArangoServerError), and the concrete classes (DocumentInsertError, ClientShutdownError, ...)
// generated from lib/errors/exceptions.tsv into <arango/client_exceptions.hpp> and
// <arango/exceptions.hpp>.
#pragma once

#include <arango/error_base.hpp>
#include <arango/exceptions.hpp>
#include <arango/server_error.hpp>
