#include "ui/headermemory.h"

#include <QHeaderView>
#include <QSettings>

namespace drove::ui {

namespace {

/// Dragging a column edge emits a resize per mouse move: write once it settles.
constexpr int kSaveDelayMs = 400;

} // namespace

HeaderMemory::HeaderMemory(QHeaderView *header, const QString &key, Defaults defaults)
    : QObject(header)
    , m_header(header)
    , m_key(key)
    , m_defaults(std::move(defaults))
{
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(kSaveDelayMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &HeaderMemory::flush);
    connect(header, &QHeaderView::sectionCountChanged, this, &HeaderMemory::onSectionCountChanged);
    connect(header, &QHeaderView::sectionResized, this, &HeaderMemory::onChanged);
    connect(header, &QHeaderView::sectionMoved, this, &HeaderMemory::onChanged);
    connect(header, &QHeaderView::sortIndicatorChanged, this, &HeaderMemory::onChanged);
    restore();
}

HeaderMemory::~HeaderMemory()
{
    // The header may be half destroyed already: write the state taken at the last change.
    flush();
}

QString HeaderMemory::settingsGroup()
{
    return QStringLiteral("mainWindow");
}

void HeaderMemory::onSectionCountChanged(int oldCount, int newCount)
{
    // No sections (the model went): nothing to keep; sections again: the layout again.
    if (oldCount == 0 && newCount > 0)
        restore();
}

void HeaderMemory::restore()
{
    if (!m_header || m_header->count() == 0)
        return;
    m_restoring = true;
    if (m_defaults)
        m_defaults(m_header);
    QSettings settings;
    settings.beginGroup(settingsGroup());
    const QByteArray state = settings.value(m_key).toByteArray();
    if (!state.isEmpty())
        m_header->restoreState(state);
    m_restoring = false;
}

void HeaderMemory::onChanged()
{
    // A header without sections has nothing worth remembering; restoring is not a change.
    if (m_restoring || !m_header || m_header->count() == 0)
        return;
    m_pending = m_header->saveState();
    m_saveTimer.start();
}

void HeaderMemory::flush()
{
    m_saveTimer.stop();
    if (m_pending.isEmpty())
        return;
    QSettings settings;
    settings.beginGroup(settingsGroup());
    settings.setValue(m_key, m_pending);
    m_pending.clear();
}

} // namespace drove::ui
