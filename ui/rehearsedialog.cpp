#include "ui/rehearsedialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace drove::ui {

RehearseDialog::RehearseDialog(const QString &clusterName, const QStringList &appIds,
                               const QStringList &checked, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("rehearseDialog"));
    setWindowTitle(tr("Rehearse on a copy of %1").arg(clusterName));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("<p>A rehearsal copies <b>%1</b> into a simulated cluster inside this console: its "
           "executors (NUMA layout, tags, blacklisting, what other applications use there) and "
           "the applications ticked below with their specs, instance counts and placement. "
           "Operations you run there show their outcome, timeline and stuck reasons, and how "
           "long they would take on %1.</p>"
           "<p>Building it only <b>reads</b> from %1. Nothing reaches %1 unless you choose "
           "<i>Run on %1…</i> in the rehearsal and confirm.</p>")
            .arg(clusterName.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);
    layout->addWidget(intro);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("rehearseFilterLineEdit"));
    m_filter->setPlaceholderText(tr("Filter applications"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("rehearseAppsList"));
    for (const QString &appId : appIds) {
        auto *item = new QListWidgetItem(appId, m_list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(checked.contains(appId) ? Qt::Checked : Qt::Unchecked);
    }
    layout->addWidget(m_list, 1);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("rehearseCountLabel"));
    layout->addWidget(m_count);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Build rehearsal"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    connect(m_list, &QListWidget::itemChanged, this, &RehearseDialog::refresh);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        for (int row = 0; row < m_list->count(); ++row) {
            QListWidgetItem *item = m_list->item(row);
            item->setHidden(!text.isEmpty() && !item->text().contains(text, Qt::CaseInsensitive)
                            && item->checkState() != Qt::Checked);
        }
    });
    resize(520, 480);
    refresh();
}

QStringList RehearseDialog::selectedApps() const
{
    QStringList apps;
    for (int row = 0; row < m_list->count(); ++row)
        if (m_list->item(row)->checkState() == Qt::Checked)
            apps << m_list->item(row)->text();
    return apps;
}

void RehearseDialog::setChecked(const QString &appId, bool checked)
{
    for (int row = 0; row < m_list->count(); ++row)
        if (m_list->item(row)->text() == appId)
            m_list->item(row)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void RehearseDialog::refresh()
{
    const int count = int(selectedApps().size());
    m_count->setText(count == 0 ? tr("Tick at least one application.")
                                : tr("%n application(s) will be copied.", nullptr, count));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(count > 0);
}

} // namespace drove::ui
