#include "protocol/operationoutcome.h"

#include <array>

namespace drove::protocol {

namespace {
constexpr std::array<const char *, 5> OutcomeNames {"RUNNING", "COMPLETED", "CANCELLED",
                                                    "TIMED_OUT", "FAILED"};
}

QString outcomeName(OperationOutcome outcome)
{
    return QString::fromLatin1(OutcomeNames[std::size_t(outcome)]);
}

std::optional<OperationOutcome> operationOutcomeFromString(const QString &text)
{
    for (std::size_t i = 0; i < OutcomeNames.size(); ++i)
        if (text == QLatin1String(OutcomeNames[i]))
            return OperationOutcome(i);
    return std::nullopt;
}

} // namespace drove::protocol
