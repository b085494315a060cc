#include "ui/connectdialog.h"

#include "client/droveconfigimporter.h"
#include "client/profilestore.h"
#include "ui/appearance.h"
#include "ui/droveimportdialog.h"
#include "ui/profileeditordialog.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace drove::ui {

using client::ClusterAuth;
using client::ClusterProfile;

const QString ConnectDialog::kEmbeddedId = QStringLiteral("embedded");

namespace {

enum Column { NameColumn, CriticalityColumn, EndpointsColumn, AuthColumn, NotesColumn };
constexpr int kIdRole = Qt::UserRole + 1;

QIcon swatch(const QColor &color)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, 10, 10));
    return QIcon(pixmap);
}

QString authText(const ClusterProfile &profile)
{
    switch (profile.authMode) {
    case ClusterAuth::Mode::None:
        return ConnectDialog::tr("none");
    case ClusterAuth::Mode::Basic:
        return ConnectDialog::tr("user %1").arg(profile.username);
    case ClusterAuth::Mode::Header:
        return ConnectDialog::tr("Authorization header");
    }
    return {};
}

} // namespace

ConnectDialog::ConnectDialog(client::ProfileStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_list(new QTreeWidget(this))
    , m_detail(new QLabel(this))
    , m_droveConfigPath(client::DroveConfigImporter::defaultPath())
{
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect to cluster"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Choose the cluster to work on. Profiles keep controllers and "
                                "settings; passwords and tokens stay in the system keychain."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *row = new QHBoxLayout;
    m_list->setObjectName(QStringLiteral("profileList"));
    m_list->setRootIsDecorated(false);
    m_list->setAllColumnsShowFocus(true);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels(
        {tr("Cluster"), tr("Criticality"), tr("Controllers"), tr("Authentication"), tr("Notes")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Long controller lists are elided (the tooltip has them all) so notes stay in view.
    m_list->header()->setSectionResizeMode(EndpointsColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    row->addWidget(m_list, 1);

    auto *side = new QVBoxLayout;
    const auto button = [this, side](const QString &text, const QString &name) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(name);
        b->setAutoDefault(false);
        side->addWidget(b);
        return b;
    };
    QPushButton *add = button(tr("&Add…"), QStringLiteral("addButton"));
    m_editButton = button(tr("&Edit…"), QStringLiteral("editButton"));
    m_duplicateButton = button(tr("D&uplicate…"), QStringLiteral("duplicateButton"));
    m_deleteButton = button(tr("&Delete"), QStringLiteral("deleteButton"));
    side->addSpacing(12);
    QPushButton *import = button(tr("&Import ~/.drove…"), QStringLiteral("importButton"));
    import->setToolTip(tr("Add the clusters configured for the drove command-line client"));
    side->addStretch(1);
    row->addLayout(side);
    layout->addLayout(row, 1);

    m_detail->setObjectName(QStringLiteral("detailLabel"));
    m_detail->setWordWrap(true);
    layout->addWidget(m_detail);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_connectButton = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setDefault(true);
    layout->addWidget(buttons);

    connect(add, &QPushButton::clicked, this, &ConnectDialog::addProfile);
    connect(m_editButton, &QPushButton::clicked, this, &ConnectDialog::editProfile);
    connect(m_duplicateButton, &QPushButton::clicked, this, &ConnectDialog::duplicateProfile);
    connect(m_deleteButton, &QPushButton::clicked, this, &ConnectDialog::deleteProfile);
    connect(import, &QPushButton::clicked, this, &ConnectDialog::importDroveConfig);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::connectSelected);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &ConnectDialog::updateButtons);
    connect(m_list, &QTreeWidget::itemActivated, this, &ConnectDialog::connectSelected);
    connect(m_store, &client::ProfileStore::profilesChanged, this, &ConnectDialog::reload);

    reload();
    resize(980, 440);
}

void ConnectDialog::setEmbeddedCluster(const QString &endpoint)
{
    m_embeddedEndpoint = endpoint;
    reload();
}

void ConnectDialog::setConnectedId(const QString &id)
{
    m_connectedId = id;
    reload();
    selectProfile(id);
}

QString ConnectDialog::selectedId() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(NameColumn, kIdRole).toString() : QString();
}

bool ConnectDialog::selectProfile(const QString &id)
{
    for (int row = 0; row < m_list->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = m_list->topLevelItem(row);
        if (item->data(NameColumn, kIdRole).toString() == id) {
            m_list->setCurrentItem(item);
            return true;
        }
    }
    return false;
}

void ConnectDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_connectButton)
        reload(); // the warning colour depends on the palette
}

void ConnectDialog::reload()
{
    const QString keep = selectedId();
    m_list->clear();
    const QColor warning = Appearance::warningColor(palette());
    if (!m_embeddedEndpoint.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setData(NameColumn, kIdRole, kEmbeddedId);
        item->setText(NameColumn, tr("Embedded cluster"));
        item->setIcon(NameColumn,
                      swatch(QColor(ClusterProfile::criticalityColor(client::Criticality::Local))));
        item->setText(CriticalityColumn,
                      ClusterProfile::criticalityLabel(client::Criticality::Local));
        item->setText(EndpointsColumn, m_embeddedEndpoint);
        item->setText(AuthColumn, tr("session user"));
        item->setText(NotesColumn, tr("simulated, in this console"));
    }
    for (const ClusterProfile &profile : m_store->profiles()) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setData(NameColumn, kIdRole, profile.id);
        item->setText(NameColumn, profile.name);
        const QColor color(ClusterProfile::criticalityColor(profile.criticality));
        item->setIcon(NameColumn, swatch(color));
        item->setText(CriticalityColumn, ClusterProfile::criticalityLabel(profile.criticality));
        QStringList endpoints;
        for (const QUrl &endpoint : profile.endpoints)
            endpoints.append(endpoint.toDisplayString());
        item->setText(EndpointsColumn, endpoints.join(QStringLiteral(", ")));
        item->setToolTip(EndpointsColumn, endpoints.join(QLatin1Char('\n')));
        item->setText(AuthColumn, authText(profile));
        QStringList notes;
        if (profile.insecure)
            notes.append(tr("⚠ TLS not verified"));
        if (profile.endpoints.size() > 1)
            notes.append(tr("leader discovery"));
        item->setText(NotesColumn, notes.join(QStringLiteral(", ")));
        if (profile.insecure) {
            item->setForeground(NotesColumn, warning);
            item->setToolTip(NotesColumn,
                             tr("The controller's TLS certificate is not verified (insecure)."));
        }
        if (profile.criticality == client::Criticality::Production) {
            QFont bold = item->font(CriticalityColumn);
            bold.setBold(true);
            item->setFont(CriticalityColumn, bold);
        }
    }
    for (int row = 0; row < m_list->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = m_list->topLevelItem(row);
        if (!m_connectedId.isEmpty()
            && item->data(NameColumn, kIdRole).toString() == m_connectedId) {
            item->setText(NameColumn, tr("%1 (connected)").arg(item->text(NameColumn)));
            QFont bold = item->font(NameColumn);
            bold.setBold(true);
            item->setFont(NameColumn, bold);
        }
    }
    if (!selectProfile(keep) && !selectProfile(m_connectedId) && m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    updateButtons();
}

void ConnectDialog::updateButtons()
{
    const QString id = selectedId();
    const bool profile = !id.isEmpty() && id != kEmbeddedId;
    m_connectButton->setEnabled(!id.isEmpty());
    m_editButton->setEnabled(profile);
    m_duplicateButton->setEnabled(profile);
    m_deleteButton->setEnabled(profile);
    if (m_list->topLevelItemCount() == 0) {
        m_detail->setText(tr("No cluster profile yet: add one, or import the clusters of the "
                             "drove command-line client."));
    } else if (id == kEmbeddedId) {
        m_detail->setText(tr("The embedded cluster runs inside this console on simulated "
                             "executors; nothing you do there reaches a real cluster."));
    } else if (const auto selected = m_store->profile(id)) {
        // The whole controller list (the column elides it) and what the profile implies.
        QStringList endpoints;
        for (const QUrl &endpoint : selected->endpoints)
            endpoints.append(endpoint.toDisplayString());
        QStringList lines;
        lines << (endpoints.size() > 1 ? tr("Controllers (the leader is found among them): %1")
                                             .arg(endpoints.join(QStringLiteral(", ")))
                                       : tr("Controller: %1").arg(endpoints.value(0)));
        if (selected->criticality == client::Criticality::Production)
            lines << tr("Production cluster: destructive operations ask for the app id to be "
                        "typed.");
        if (selected->insecure)
            lines << tr("⚠ TLS certificates of this cluster are not verified.");
        m_detail->setText(lines.join(QLatin1Char('\n')));
    } else {
        m_detail->clear();
    }
}

void ConnectDialog::addProfile()
{
    openEditor(ClusterProfile(), tr("New cluster profile"));
}

void ConnectDialog::editProfile()
{
    const auto profile = m_store->profile(selectedId());
    if (profile)
        openEditor(*profile, tr("Edit cluster profile “%1”").arg(profile->name));
}

void ConnectDialog::duplicateProfile()
{
    auto profile = m_store->profile(selectedId());
    if (!profile)
        return;
    profile->id.clear();
    QStringList names;
    for (const ClusterProfile &existing : m_store->profiles())
        names.append(existing.name);
    const QString base = tr("%1 copy").arg(profile->name);
    profile->name = base;
    for (int n = 2; names.contains(profile->name); ++n)
        profile->name = QStringLiteral("%1 %2").arg(base).arg(n);
    openEditor(*profile, tr("Duplicate of “%1”").arg(m_store->profile(selectedId())->name), true);
}

void ConnectDialog::openEditor(const ClusterProfile &profile, const QString &title, bool duplicate)
{
    if (m_editor)
        m_editor->close();
    auto *editor = new ProfileEditorDialog(m_store, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    QStringList taken;
    for (const ClusterProfile &existing : m_store->profiles()) {
        if (existing.id != profile.id)
            taken.append(existing.name);
    }
    // A duplicate keeps the criticality and guard it was copied with: editing its name must not
    // turn a PRODUCTION copy LOCAL.
    editor->setProfile(profile, duplicate ? std::optional<bool>(true) : std::nullopt);
    editor->setTakenNames(taken);
    editor->setWindowTitle(title);
    m_editor = editor;
    connect(editor, &QDialog::accepted, this, [this, editor] {
        ClusterProfile saved = editor->profile();
        const QStringList problems = m_store->saveProfile(saved);
        if (!problems.isEmpty()) {
            QMessageBox::warning(this, tr("Profile not saved"), problems.join(QLatin1Char('\n')));
            return;
        }
        if (editor->secretEntered())
            m_store->replaceSecret(saved.id, editor->secret(), true);
        reload();
        selectProfile(saved.id);
    });
    editor->open();
}

void ConnectDialog::deleteProfile()
{
    const auto profile = m_store->profile(selectedId());
    if (!profile)
        return;
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Delete cluster profile"),
        tr("Delete the profile “%1” and its stored password or token?").arg(profile->name),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("deleteConfirmation"));
    if (profile->id == m_connectedId)
        box->setInformativeText(tr("The console stays connected to it until you choose another "
                                   "cluster."));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString id = profile->id;
    connect(box, &QMessageBox::finished, this, [this, box, id] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            m_store->removeProfile(id);
    });
    box->open();
}

void ConnectDialog::importDroveConfig()
{
    if (m_import)
        m_import->close();
    auto *dialog = new DroveImportDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QStringList names;
    for (const ClusterProfile &existing : m_store->profiles())
        names.append(existing.name);
    dialog->setExistingNames(names);
    dialog->loadFile(m_droveConfigPath);
    m_import = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QList<ClusterProfile> saved = m_store->importClusters(dialog->selectedImport());
        reload();
        if (!saved.isEmpty())
            selectProfile(saved.constFirst().id);
    });
    dialog->open();
}

void ConnectDialog::connectSelected()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    emit connectRequested(id);
    accept();
}

} // namespace drove::ui
