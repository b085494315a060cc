#pragma once

#include "protocol/clusteropspec.h"

#include <QGroupBox>

#include <memory>

class QSettings;

namespace Ui {
class OpSpecEditor;
}

namespace drove::ui {

/// The opSpec editor every operation dialog embeds: timeout (count + unit), parallelism 1–32 and
/// the failure strategy (STOP, the only one Drove acts on). Emits opSpecChanged() on any edit.
///
/// Per-cluster defaults live in QSettings under "<settingsGroup>/opSpec/{timeout,parallelism}";
/// the caller chooses the group (one per cluster profile) and the editor reads and writes it.
class OpSpecEditor : public QGroupBox
{
    Q_OBJECT

public:
    explicit OpSpecEditor(QWidget *parent = nullptr);
    ~OpSpecEditor() override;

    /// The edited opSpec; always complete (timeout, parallelism and STOP set).
    protocol::ClusterOpSpec opSpec() const;
    /// Shows `spec`; missing parts keep the current values. Timeouts in units the editor does not
    /// offer are shown in the largest offered unit that represents them exactly (or seconds).
    void setOpSpec(const protocol::ClusterOpSpec &spec);

    /// Where "Make default for this cluster" stores and loadDefaults() reads. Empty disables the
    /// button (no cluster to remember for).
    void setSettingsGroup(const QString &group);
    QString settingsGroup() const { return m_settingsGroup; }
    /// Loads the remembered defaults of the current settings group, falling back to the Drove CLI
    /// defaults (5 minutes, parallelism 1, STOP).
    void loadDefaults();

    /// The remembered defaults of `group`, or the CLI defaults when none (or unreadable) are
    /// stored.
    static protocol::ClusterOpSpec storedDefaults(QSettings &settings, const QString &group);
    static void storeDefaults(QSettings &settings, const QString &group,
                              const protocol::ClusterOpSpec &spec);
    /// What `drove apps scale` and friends send when no flag is given: 5m, 1, STOP.
    static protocol::ClusterOpSpec cliDefaults();

signals:
    void opSpecChanged();
    /// The user saved the current values as the cluster's defaults.
    void defaultsSaved();

private:
    void makeDefault();

    std::unique_ptr<::Ui::OpSpecEditor> m_ui;
    QString m_settingsGroup;
};

} // namespace drove::ui
