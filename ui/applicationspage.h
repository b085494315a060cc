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
class InstanceSearchIndex;
} // namespace drove::models

namespace drove::ui {

class ApplicationActions;
class HeaderMemory;

/// The applications list: search (applications by id, name and tag, and by the instances the
/// session knows: their ids, hosts and executors), facets with counts (states, unhealthy,
/// operation in progress), the table with multi-column sort (Shift+click adds a key) and the
/// line that says how it is sorted. It shows the applications model of the session it is given
/// and says which application the operator selected.
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

    /// The table's columns are remembered on their own (HeaderMemory); this says how the table
    /// is sorted once the remembered header is applied.
    void restoreHeader(QSettings &settings);
    /// Writes the columns not yet written and the sort keys.
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
    /// Widens the state facet to its widest entry (never narrows it).
    void fitFacetWidth();
    /// Whether the session's application list is still being put in (no counts meanwhile).
    bool isLoading() const;
    void updateLoading();
    void applyFacet();
    void onSearchTextChanged(const QString &text);
    /// The line under the search: which instances it covers, how many rows it found by one.
    void updateSearchScope();
    void updateSortDescription();
    void selectPending();

    QPointer<models::ClusterSession> m_session;
    QObject *m_sessionContext = nullptr;
    models::ApplicationFilterProxyModel *m_proxy = nullptr;
    models::InstanceSearchIndex *m_searchIndex = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QComboBox *m_stateFacet = nullptr;
    QLabel *m_searchScopeLabel = nullptr;
    QLabel *m_loadingLabel = nullptr;
    QTableView *m_view = nullptr;
    HeaderMemory *m_headerMemory = nullptr;
    QLabel *m_sortLabel = nullptr;
    QString m_currentAppId;
    /// An app to select as soon as it appears.
    QString m_pendingSelection;
};

} // namespace drove::ui
