"""CKAN's own strings whose Chinese translation is missing or wrong.

CKAN's zh_Hans_CN catalog leaves some strings of its templates untranslated
(the resource page showed "Dataset description:" and "Data last updated" in
the Chinese UI) and translates others oddly ("登陆" for log in, "域 / 价值"
for field / value). CKAN merges a plugin's catalog over its own, so listing
the msgid here puts it in govopen's catalog, and its translation in
``zh_Hans_CN/LC_MESSAGES/ckanext-govopen.po`` wins. Nothing imports this
module: babel extracts it (``i18n/update.py``).
"""


def N_(msgid: str) -> str:  # noqa: N802 - babel's keyword for "translated later"
    return msgid


STOCK = [
    # missing in CKAN's catalog: the dataset edit form (seen on its zh screenshot)
    N_('Reorder resources'),
    N_('Unpublish'),
    N_('You can use <a href="#markdown" title="Markdown quick reference" data-bs-toggle="popover" data-bs-content="%(markdown_tooltip)s" data-bs-html="true">Markdown formatting</a> here'),
    N_('The <i>data license</i> you select above only applies to the contents of any resource files that you add to this dataset. By submitting this form, you agree to release the <i>metadata</i> values that you enter into the form under the <a href="http://opendatacommons.org/licenses/odbl/1-0/">Open Database License</a>.'),
    # missing in CKAN's catalog
    N_("Dataset description:"),
    N_("Data last updated"),
    N_("Metadata last updated"),
    N_("Size"),
    N_("Username or Email"),
    N_("Column"),
    N_("Type"),
    # translated oddly by CKAN's catalog
    N_("Field"),              # 域
    N_("Value"),              # 价值
    N_("Log in"),             # 登陆
    N_("Login"),              # 登陆
    N_("Register"),           # 登记
    N_("Created"),            # 创建的
    N_("Social"),             # 社会
    # missing in CKAN's catalog (issue 17: seen by tests/browser/test_untranslated.py)
    N_("Skip to main content"),
    N_("Data Dictionary"),
    N_("Dataset not found or you have no permission to view it"),
    N_("Not Found"),           # werkzeug's name of a 404, the error page's heading
    N_("Forbidden"),
    N_("Bad Request"),
    N_("Internal Server Error"),
    # ckanext-harvest has no Chinese catalog (issue 17: the officers' pages,
    # tests/browser/test_officer_pages.py)
    N_("Harvest Sources"),
    N_("Add Harvest Source"),
    N_("Search harvest sources..."),
    N_("No harvests found"),
    N_("Frequency"),
    # ckanext-harvest's source form (tests/browser/test_officer_pages.py, /harvest/new)
    N_("Create Harvest Source"),
    N_("Create harvest source"),
    N_("Edit harvest source"),
    N_("Harvest sources"),
    N_("Harvest sources allow importing remote metadata into this catalog. Remote sources can be "
       "other catalogs such as other CKAN instances, CSW servers or Web Accessible Folders (WAF) "
       "(depending on the actual harvesters enabled for this instance)."),
    N_("This should include the http:// part of the URL"),
    N_("Source type"),
    N_("Update frequency"),
    N_("Configuration"),
    N_("No organization"),
    N_("Delete source"),
    N_("Delete and clear source"),
    # its update frequencies (ckanext.harvest.helpers.harvest_frequencies)
    N_("Manual"),
    N_("Monthly"),
    N_("Weekly"),
    N_("Biweekly"),
    N_("Daily"),
    N_("Always"),
    # translated oddly by CKAN's catalog: 追随 / 取消追随 / 追从者 (issue 17:
    # tests/browser/test_follow_browser.py reads the button)
    N_("Follow"),
    N_("Unfollow"),
    N_("Followers"),
    # CKAN's catalog "translates" the registration and profile forms' example name
    # as "Joe Bloggs" (issue 17: tests/browser/test_accounts_browser.py)
    N_("Joe Bloggs"),
    N_("eg. Joe Bloggs"),
    # ckanext-harvest's source and job pages (issue 17: the job page's screenshot at 375 px
    # showed Job Report, Error Summary, Reharvest ... in the Chinese UI;
    # tests/browser/test_harvest_job_browser.py)
    N_('Back to job list'),
    N_('Document Errors'),
    N_('Error Report'),
    N_('Error Summary'),
    N_('Id'),
    N_('Job Errors'),
    N_('Job Report'),
    N_('Local content'),
    N_('No errors for this job'),
    N_('Only the 20 most frequent errors are shown'),
    N_('Remote content'),
    N_('Started'),
    N_('Started:'),
    N_('Finished:'),
    N_('There is no description for this harvest source'),
    N_('documents with errors'),
    N_('errors'),
    N_('Clear'),
    N_('Delete all harvest jobs and existing datasets from this source'),
    N_('Harvest Jobs'),
    N_('Job: '),
    N_('Jobs'),
    N_('Last Harvest Job'),
    N_('No jobs yet for this source'),
    N_('Not yet'),
    N_('Reharvest'),
    N_('Start a new harvesting job for this harvest source now'),
    N_('Stop'),
    N_('View full job report'),
    N_('View harvest source'),
    N_('Warning: This will remove all datasets for this source, as well as all previous job reports. Are you sure you want to continue?'),
    N_('This will re-run the harvesting for this source. Any updates at the source will overwrite the local datasets. Sources with a large number of datasets may take a significant amount of time to finish harvesting. Please confirm you would like us to start reharvesting.'),
    N_('New'),
    N_('Running'),
    # its job page's counts (snippets/job_details.html: _(action))
    N_('added'),
    N_('updated'),
    N_('deleted'),
    N_('not modified'),
    # missing in CKAN's catalog: a user's page (user/snippets/info.html: the label, and the
    # account's state through _(user.state); a dataset's state is shown the same way),
    # seen on test_officer_pages' zh screenshot
    N_("Last Active"),
    N_("Member Since"),  # CKAN's 注册时长 ("how long registered") above a date
    N_("active"),
    N_("pending"),       # ('deleted' is above: the job counts' word)
]
