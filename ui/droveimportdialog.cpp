#include "ui/droveimportdialog.h"

#include "ui/appearance.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace drove::ui {

using client::ClusterAuth;
using client::ClusterProfile;

namespace {

enum Column { NameColumn, EndpointsColumn, AuthColumn, CriticalityColumn, TlsColumn };

} // namespace

DroveImportDialog::DroveImportDialog(QWidget *parent)
    : QDialog(parent)
    , m_pathEdit(new QLineEdit(this))
    , m_list(new QTreeWidget(this))
    , m_statusLabel(new QLabel(this))
    , m_warnings(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("droveImportDialog"));
    setWindowTitle(tr("Import clusters from the drove CLI"));
    auto *layout = new QVBoxLayout(this);

    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(new QLabel(tr("File:"), this));
    m_pathEdit->setObjectName(QStringLiteral("pathEdit"));
    m_pathEdit->setReadOnly(true);
    pathRow->addWidget(m_pathEdit, 1);
    auto *choose = new QPushButton(tr("&Choose another file…"), this);
    choose->setObjectName(QStringLiteral("chooseFileButton"));
    pathRow->addWidget(choose);
    layout->addLayout(pathRow);

    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setWordWrap(true);
    layout->addWidget(m_statusLabel);

    m_list->setObjectName(QStringLiteral("importList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Cluster"), tr("Controllers"), tr("Authentication"),
                             tr("Criticality (guessed)"), tr("TLS")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_list, 1);

    m_warnings->setObjectName(QStringLiteral("warningsText"));
    m_warnings->setReadOnly(true);
    m_warnings->setMaximumHeight(90);
    layout->addWidget(m_warnings);

    auto *note = new QLabel(tr("Passwords and header values go to the system keychain, never to "
                               "the settings file. Check each cluster's criticality after the "
                               "import: it is a guess from names and hosts."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_importButton = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(choose, &QPushButton::clicked, this, &DroveImportDialog::chooseFile);
    connect(m_list, &QTreeWidget::itemChanged, this, &DroveImportDialog::updateButton);
    resize(760, 420);
}

void DroveImportDialog::setExistingNames(const QStringList &names)
{
    m_existingNames = names;
}

QString DroveImportDialog::path() const
{
    return m_pathEdit->text();
}

void DroveImportDialog::chooseFile()
{
    const QString picked = QFileDialog::getOpenFileName(
        this, tr("Drove CLI configuration"),
        m_pathEdit->text().isEmpty() ? QDir::homePath() : m_pathEdit->text());
    if (!picked.isEmpty())
        loadFile(picked);
}

void DroveImportDialog::loadFile(const QString &path)
{
    m_pathEdit->setText(QDir::toNativeSeparators(path));
    m_import = client::DroveConfigImporter::importFile(path);
    const QSignalBlocker blocker(m_list);
    m_list->clear();

    // The names importClusters will give (the same " (n)" rule), so the preview is exact.
    QStringList names = m_existingNames;
    for (const client::ImportedCluster &cluster : std::as_const(m_import.clusters)) {
        const ClusterProfile &profile = cluster.profile;
        QString name = profile.name;
        for (int n = 2; names.contains(name); ++n)
            name = QStringLiteral("%1 (%2)").arg(profile.name).arg(n);
        names.append(name);

        QStringList endpoints;
        for (const QUrl &endpoint : profile.endpoints)
            endpoints.append(endpoint.toDisplayString());
        QString auth;
        switch (profile.authMode) {
        case ClusterAuth::Mode::None:
            auth = tr("none");
            break;
        case ClusterAuth::Mode::Basic:
            auth = cluster.secret.isEmpty()
                ? tr("user %1 (password asked later)").arg(profile.username)
                : tr("user %1 with password").arg(profile.username);
            break;
        case ClusterAuth::Mode::Header:
            auth = tr("Authorization header");
            break;
        }
        QString label = name;
        if (name != profile.name)
            label = tr("%1 (as “%2”; the name is taken)").arg(profile.name, name);
        if (profile.name == m_import.currentCluster)
            label += tr(" — the CLI's current cluster");
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(NameColumn, label);
        item->setText(EndpointsColumn, endpoints.join(QStringLiteral(", ")));
        item->setText(AuthColumn, auth);
        item->setText(CriticalityColumn, ClusterProfile::criticalityLabel(profile.criticality));
        item->setForeground(CriticalityColumn,
                            QColor(ClusterProfile::criticalityColor(profile.criticality)));
        item->setText(TlsColumn,
                      profile.insecure ? tr("⚠ not verified (insecure)") : tr("verified"));
        if (profile.insecure)
            item->setForeground(TlsColumn, Appearance::warningColor(palette()));
        item->setCheckState(NameColumn, Qt::Checked);
    }

    if (!m_import.ok()) {
        m_statusLabel->setText(tr("Nothing to import: %1").arg(m_import.error));
        m_statusLabel->setStyleSheet(
            QStringLiteral("color: %1;").arg(Appearance::errorColor(palette()).name()));
    } else if (m_import.clusters.isEmpty()) {
        m_statusLabel->setText(tr("The file names no cluster that can be imported."));
        m_statusLabel->setStyleSheet(QString());
    } else {
        m_statusLabel->setText(
            m_import.clusters.size() == 1
                ? tr("This cluster will be added as a profile:")
                : tr("These %1 clusters will be added as profiles:").arg(m_import.clusters.size()));
        m_statusLabel->setStyleSheet(QString());
    }
    m_warnings->setPlainText(m_import.warnings.join(QLatin1Char('\n')));
    m_warnings->setVisible(!m_import.warnings.isEmpty());
    updateButton();
}

client::DroveConfigImport DroveImportDialog::selectedImport() const
{
    client::DroveConfigImport selected = m_import;
    selected.clusters.clear();
    for (int row = 0; row < m_list->topLevelItemCount() && row < m_import.clusters.size(); ++row) {
        if (m_list->topLevelItem(row)->checkState(NameColumn) == Qt::Checked)
            selected.clusters.append(m_import.clusters.at(row));
    }
    return selected;
}

void DroveImportDialog::updateButton()
{
    m_importButton->setEnabled(!selectedImport().clusters.isEmpty());
}

} // namespace drove::ui
