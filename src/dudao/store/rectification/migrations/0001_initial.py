
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('entry', '0002_narrative_report'),
        ('rounds', '0001_initial'),  # its first migration that has Round: the oldest layout migrates to this app
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Problem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveIntegerField(verbose_name='序号')),
                ('item', models.CharField(blank=True, max_length=50, verbose_name='指标或规则')),
                ('title', models.CharField(max_length=300, verbose_name='问题')),
                ('evidence', models.TextField(blank=True, verbose_name='依据')),
                ('severity', models.CharField(choices=[('minor', '一般问题'), ('major', '较重问题'), ('serious', '严重问题')], max_length=10, verbose_name='问题程度')),
                ('source', models.CharField(choices=[('below_standard', '指标未达标'), ('low_score', '得分率偏低'), ('rule', '否决或降等规则成立'), ('finding', '实地核查发现'), ('office', '督导室或评审专家补充'), ('carried', '上一轮未完成整改')], max_length=16, verbose_name='来源')),
                ('state', models.CharField(choices=[('draft', '待下达'), ('issued', '已下达'), ('planned', '已制定方案'), ('in_progress', '整改中'), ('submitted', '申请销号'), ('closed', '已销号')], default='draft', max_length=12, verbose_name='整改状态')),
                ('measures', models.TextField(blank=True, verbose_name='整改措施')),
                ('department', models.CharField(blank=True, max_length=200, verbose_name='责任单位')),
                ('owner', models.CharField(blank=True, max_length=100, verbose_name='责任人')),
                ('deadline', models.DateField(blank=True, null=True, verbose_name='完成时限')),
                ('returned_reason', models.TextField(blank=True, verbose_name='退回理由')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='销号日期')),
                ('carried_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='carried_to', to='rectification.problem')),
                ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '问题',
                'verbose_name_plural': '问题',
                'ordering': ['problem_list', 'position'],
            },
        ),
        migrations.CreateModel(
            name='Milestone',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due', models.DateField(verbose_name='节点日期')),
                ('text', models.CharField(max_length=300, verbose_name='节点内容')),
                ('problem', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='rectification.problem')),
            ],
            options={
                'verbose_name': '整改节点',
                'verbose_name_plural': '整改节点',
                'ordering': ['due', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ProblemList',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('share', models.FloatField(verbose_name='得分率阈值')),
                ('drafted_at', models.DateTimeField(auto_now_add=True)),
                ('issued_on', models.DateField(blank=True, null=True, verbose_name='下达日期')),
                ('issued_at', models.DateTimeField(blank=True, null=True)),
                ('drafted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='problem_lists', to='rounds.round')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='problem_lists', to='accounts.unit')),
            ],
            options={
                'verbose_name': '问题清单',
                'verbose_name_plural': '问题清单',
                'ordering': ['unit__code'],
            },
        ),
        migrations.AddField(
            model_name='problem',
            name='problem_list',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='problems', to='rectification.problemlist'),
        ),
        migrations.CreateModel(
            name='Progress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(verbose_name='进展情况')),
                ('at', models.DateTimeField(auto_now_add=True)),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('problem', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress', to='rectification.problem')),
            ],
            options={
                'verbose_name': '整改进展',
                'verbose_name_plural': '整改进展',
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ProgressFile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('filename', models.CharField(max_length=255, verbose_name='文件名')),
                ('blob', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='entry.blob')),
                ('progress', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='files', to='rectification.progress')),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='Reminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('entry_deadline', '催报：填报截止前仍有数据未填'), ('task_deadline', '整改提醒：完成时限将到'), ('task_overdue', '整改提醒：已逾期')], max_length=16, verbose_name='提醒类型')),
                ('sent_on', models.DateField(verbose_name='发送日期')),
                ('subject', models.CharField(max_length=300, verbose_name='标题')),
                ('body', models.TextField(verbose_name='内容')),
                ('emailed_to', models.JSONField(blank=True, default=list, verbose_name='邮件收件人')),
                ('email_error', models.TextField(blank=True, verbose_name='邮件发送失败原因')),
                ('at', models.DateTimeField(auto_now_add=True)),
                ('problem', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='rectification.problem')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='rounds.round')),
                ('sent_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reminders', to='accounts.unit')),
            ],
            options={
                'verbose_name': '提醒',
                'verbose_name_plural': '提醒',
                'ordering': ['-at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Step',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('before', models.CharField(choices=[('draft', '待下达'), ('issued', '已下达'), ('planned', '已制定方案'), ('in_progress', '整改中'), ('submitted', '申请销号'), ('closed', '已销号')], max_length=12)),
                ('after', models.CharField(choices=[('draft', '待下达'), ('issued', '已下达'), ('planned', '已制定方案'), ('in_progress', '整改中'), ('submitted', '申请销号'), ('closed', '已销号')], max_length=12)),
                ('note', models.TextField(blank=True)),
                ('at', models.DateTimeField(auto_now_add=True)),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('problem', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='rectification.problem')),
            ],
            options={
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='problemlist',
            constraint=models.UniqueConstraint(fields=('round', 'unit'), name='problem_list_unit'),
        ),
        migrations.AddConstraint(
            model_name='problem',
            constraint=models.UniqueConstraint(fields=('problem_list', 'position'), name='problem_position'),
        ),
        migrations.AddConstraint(
            model_name='reminder',
            constraint=models.UniqueConstraint(fields=('kind', 'round', 'unit', 'problem', 'sent_on'), name='reminder_once_a_day'),
        ),
        migrations.AddConstraint(
            model_name='reminder',
            constraint=models.UniqueConstraint(condition=models.Q(('problem__isnull', True)), fields=('kind', 'round', 'unit', 'sent_on'), name='unit_reminder_once_a_day'),
        ),
    ]
