#pragma once

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSettings;
class QTableView;

namespace drove::models {
class ApplicationFilterProxyModel;
class ClusterSession;
} // namespace drove::models

namespace drove::ui {

class ApplicationActions;

/// The applications list: search, state facets with counts, the table with multi-column sort
/// (Shift+click adds a key) and the line that says how it is sorted. It shows the applications
/// model of the session it is given and says which application the operator selected.
class ApplicationsPage : public QWidget
{
    Q_OBJECT

public:
    /// `actions` (not owned) make the table's context menu.
    explicit ApplicationsPage(ApplicationActions *actions, QWidget *parent = nullptr);
    ~ApplicationsPage() override;

    /// The cluster shown (not owned; null shows nothing). The selection is cleared.
    void setSession(models::ClusterSession *session);
    /// The selected application ("" when none).
    QString currentAppId() const { return m_currentAppId; }
    /// Selects `appId` (clearing the search and the facet if they hide it); false when it is
    /// not listed.
    bool selectApplication(const QString &appId);
    /// Selects `appId` now if it is listed, otherwise as soon as it appears (one just created).
    void selectWhenListed(const QString &appId);
    /// Puts the cursor in the search field with its text selected.
    void focusSearch();

    /// First-start column widths, then the remembered header and sort keys: once, when the
    /// table first has columns.
    void restoreHeader(QSettings &settings);
    void saveHeader(QSettings &settings) const;
    /// The remembered sort keys (applied before any cluster is shown).
    void restoreSortKeys(QSettings &settings);

Q_SIGNALS:
    /// The operator selected another application ("" when none).
    void currentApplicationChanged(const QString &appId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onSelectionChanged();
    void updateFacets();
    void applyFacet();
    void updateSortDescription();
    void selectPending();

    QPointer<models::ClusterSession> m_session;
    QObject *m_sessionContext = nullptr;
    models::ApplicationFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QComboBox *m_stateFacet = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_sortLabel = nullptr;
    QString m_currentAppId;
    /// An app to select as soon as it appears.
    QString m_pendingSelection;
    bool m_headerRestored = false;
};

} // namespace drove::ui
