#pragma once

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace drove::ui {

/// Rehearse…: which applications of the cluster to copy into a rehearsal (the current one ticked),
/// and what a rehearsal is: a copy in an embedded controller in this process, read from the
/// cluster and never written to it.
class RehearseDialog : public QDialog
{
    Q_OBJECT

public:
    RehearseDialog(const QString &clusterName, const QStringList &appIds,
                   const QStringList &checked, QWidget *parent = nullptr);

    QStringList selectedApps() const;
    void setChecked(const QString &appId, bool checked);

private:
    void refresh();

    QLineEdit *m_filter = nullptr;
    QListWidget *m_list = nullptr;
    QLabel *m_count = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace drove::ui
