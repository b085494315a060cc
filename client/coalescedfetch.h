#pragma once

#include <QSet>
#include <QString>

namespace drove::client {

/// At most one fetch per key in flight; a fetch asked for while one is in flight is not sent
/// but remembered, and made once when the one in flight lands (so the last answer is never
/// older than the last ask). Keys are app ids, executor ids, or "" for single resources.
class CoalescedFetch
{
public:
    /// True: send the fetch now. False: one is in flight and will be repeated once.
    bool begin(const QString &key = {})
    {
        if (m_inFlight.contains(key)) {
            m_again.insert(key);
            return false;
        }
        m_inFlight.insert(key);
        return true;
    }
    /// The fetch for `key` landed. True: it was asked for again meanwhile; fetch once more.
    bool finish(const QString &key = {})
    {
        m_inFlight.remove(key);
        return m_again.remove(key);
    }
    bool isInFlight(const QString &key = {}) const { return m_inFlight.contains(key); }
    /// Forgets everything (the requests in flight were abandoned).
    void clear()
    {
        m_inFlight.clear();
        m_again.clear();
    }

private:
    QSet<QString> m_inFlight;
    QSet<QString> m_again;
};

} // namespace drove::client
