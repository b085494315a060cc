#pragma once

// Test-only helper (include from QtTest code, never from library code): teaches QCOMPARE to print
// the protocol state enums by name, e.g. "Actual: RUNNING, Expected: MONITORING". QtTest looks up
// `QTest::toString` for values; these are explicit specialisations of its primary template.

#include "protocol/applicationstate.h"
#include "protocol/clusterstate.h"
#include "protocol/droveevent.h"
#include "protocol/executorstate.h"
#include "protocol/instancestate.h"
#include "protocol/operationtype.h"

#include <QtTest/qtestcase.h>

namespace QTest {

template<>
inline char *toString(const drove::protocol::ApplicationState &value)
{
    return qstrdup(drove::protocol::toString(value).toLatin1().constData());
}

template<>
inline char *toString(const drove::protocol::InstanceState &value)
{
    return qstrdup(drove::protocol::toString(value).toLatin1().constData());
}

template<>
inline char *toString(const drove::protocol::ExecutorState &value)
{
    return qstrdup(drove::protocol::toString(value).toLatin1().constData());
}

template<>
inline char *toString(const drove::protocol::ClusterState &value)
{
    return qstrdup(drove::protocol::toString(value).toLatin1().constData());
}

template<>
inline char *toString(const drove::protocol::DroveEventType &value)
{
    return qstrdup(drove::protocol::toString(value).toLatin1().constData());
}

template<>
inline char *toString(const drove::protocol::OperationType &value)
{
    return qstrdup(drove::protocol::enumName(value).toLatin1().constData());
}

} // namespace QTest
