#pragma once

#include "models/sortvalue.h"

#include <optional>
#include <vector>

class QObject;

namespace drove::models {

/// A source model that makes a SortedTableProxy's sort values for the rows it inserts off the
/// GUI thread (where it makes the rows), and may append the rows of a first load in the order
/// a proxy asked for, so the proxy neither reads nor compares them there (InstancesModel: one
/// application's 100,000 instances). A proxy finds it by dynamic_cast on its source; every
/// other source leaves the proxy on its own path.
///
/// Nothing here is trusted for correctness: values are taken only when made for the spec the
/// proxy has now, and rows count as "in order" only after the proxy compared each with the one
/// before.
class SortValueSource
{
public:
    virtual ~SortValueSource() = default;

    /// What `proxy` compares now; std::nullopt when it compares nothing any more (no keys, or
    /// another source). The first proxy to ask with keys orders the rows of a first load.
    virtual void setSortRequest(const QObject *proxy, const std::optional<SortSpec> &spec) = 0;
    /// The values made for `spec` of source rows [first, last], which were just inserted
    /// (inside rowsInserted), moved out; empty when none were made for that spec.
    virtual std::vector<SortValues> takeSortValues(const SortSpec &spec, int first, int last) = 0;
};

} // namespace drove::models
