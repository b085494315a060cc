#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <functional>

class QHeaderView;

namespace drove::ui {

/// Remembers one table's header — column widths, order, hidden columns, sort indicator — in the
/// settings (group "mainWindow", under its own key), so every table keeps the layout the
/// operator gave it.
///
/// Whenever the header gets its sections (the first model, or a model again after none), the
/// first-start widths are applied and then the remembered state over them; every later change
/// is written back shortly after (and when the header goes), so nothing depends on the window
/// saving at exit. Owned by the header.
class HeaderMemory : public QObject
{
    Q_OBJECT

public:
    /// Sets the widths a first start should have, for the header's current sections.
    using Defaults = std::function<void(QHeaderView *header)>;

    HeaderMemory(QHeaderView *header, const QString &key, Defaults defaults = {});
    ~HeaderMemory() override;

    QString key() const { return m_key; }
    /// Applies the defaults and the remembered state now (when the header has sections).
    void restore();
    /// Writes a change not yet written.
    void flush();

    /// The settings group every table's header is kept in.
    static QString settingsGroup();

private:
    void onSectionCountChanged(int oldCount, int newCount);
    void onChanged();

    QPointer<QHeaderView> m_header;
    QString m_key;
    Defaults m_defaults;
    QByteArray m_pending;
    QTimer m_saveTimer;
    bool m_restoring = false;
};

} // namespace drove::ui
