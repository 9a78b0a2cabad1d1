// Vector indexes (RocksDBVectorIndex of arangod 3.12.9+, single server): the
// definition (params as UserVectorIndexDefinition checks them), the check of
// every written document (readDocumentVectorData), and the training state.
//
// arangod trains a Faiss IVF index once: when the index is created on enough
// documents, or later, when the documents with a vector reach the training
// threshold (params.nLists). Until then the index reports trainingState
// "unusable" with an errorMessage and no query can use it. The emulator trains
// at once when the threshold is reached (arangod trains in the background, so a
// client polls trainingState until it is "ready"), and answers vector queries
// by exact search (aql/vector.cpp), so its results are the true neighbours.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "docstore.hpp"

namespace emu {

// Parses the type-specific part of a "vector" index definition into `idx`
// (fields and name are parsed already). An error to answer with, or nullopt.
std::optional<IndexParse> vector_index_options(rapidjson::Value const& body, Index& idx);

// What document `d` gives vector index `idx`: its vector (in `out` when not
// null), nothing (sparse index, attribute absent), or an error (the number
// and message arangod's readDocumentVectorData gives).
enum class VectorOf { Vector, Skip, Error };
VectorOf vector_of(Index const& idx, Document const& d, std::vector<float>* out, int& error,
                   std::string& message);

// The vector indexes' check of a document about to be written: false (with
// res.error / res.message set) when an index refuses it.
bool vector_check(CollectionData const& data, Document const& d, OpResult& res);

// Keeps the count of indexed vectors (and trains the index when it reaches the
// threshold) as committed documents come and go; the caller holds the
// collection's exclusive lock.
void vector_index_add(Index& idx, Document const& d);
void vector_index_remove(Index& idx, Document const& d);
// Truncate: the index forgets its training (RocksDBVectorIndex::truncateCommit).
void vector_index_reset(Index& idx);

// Fills a new vector index from the documents present: an error when one of
// them cannot be indexed, otherwise the count and (enough of them) training.
IndexParse vector_index_fill(Collection const& c, Index& idx);

// Adds trainingState, errorMessage and resolvedNLists to a vector index's
// reported attributes.
void vector_index_state(Index const& idx, std::map<std::string, std::string>& attributes);

}  // namespace emu
